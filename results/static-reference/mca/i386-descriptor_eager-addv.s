	movl $0x8127600,0x8(%edx)
	cmp %ecx,0x4(%edx)
	jne .Lout
	mov (%esi),%eax
	add %ebx,%eax
	mov %eax,(%esi)
	movl $0x0,0x8(%edx)
.Lout:
