	movl $0x80e5f8e,(%edx)
	movl $0x804a63a,0x8(%edx)
	cmp %ebp,0x4(%ebx)
	jne .Lout
	mov 0x4(%esp),%eax
	mov %ecx,%esi
	cmp %esi,(%eax)
	jne .Lout
	mov 0xc(%esp),%esi
	mov 0x8(%esp),%edi
	cmp 0x14(%esp),%esi
	je .Lb804a630
	nop 
	nop 
	nop 
.Lb804a620:
	mov (%esi),%al
	mov %al,(%edi)
	add $0x1,%esi
	add $0x1,%edi
	cmp 0x14(%esp),%esi
	jne .Lb804a620
.Lb804a630:
	mov 0x4(%esp),%eax
	mov 0x10(%esp),%esi
	mov %esi,(%eax)
	movl $0x0,0x8(%edx)
.Lout:
