	movl $0x8127560,0x8(%edx)
	cmp %ecx,0x4(%edx)
	jne .Lout
	mov (%esi),%eax
	add %ebx,%eax
	mov %eax,(%esi)
.Lout:
